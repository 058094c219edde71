build-mpi/io/trainer.o: io/trainer.c core/xalloc.h io/json_internal.h \
 io/trainer.h core/job.h core/error.h core/topo.h core/result.h
core/xalloc.h:
io/json_internal.h:
io/trainer.h:
core/job.h:
core/error.h:
core/topo.h:
core/result.h:
