build-mpi/core/stats.o: core/stats.c core/stats.h core/error.h \
 core/topo.h core/xalloc.h
core/stats.h:
core/error.h:
core/topo.h:
core/xalloc.h:
