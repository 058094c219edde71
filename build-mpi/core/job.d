build-mpi/core/job.o: core/job.c core/job.h core/error.h core/topo.h \
 core/xalloc.h
core/job.h:
core/error.h:
core/topo.h:
core/xalloc.h:
