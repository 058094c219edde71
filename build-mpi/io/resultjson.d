build-mpi/io/resultjson.o: io/resultjson.c core/xalloc.h \
 io/json_internal.h io/resultjson.h core/job.h core/error.h core/topo.h \
 core/stats.h core/result.h
core/xalloc.h:
io/json_internal.h:
io/resultjson.h:
core/job.h:
core/error.h:
core/topo.h:
core/stats.h:
core/result.h:
