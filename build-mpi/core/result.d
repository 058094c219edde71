build-mpi/core/result.o: core/result.c core/result.h core/topo.h \
 core/error.h
core/result.h:
core/topo.h:
core/error.h:
