build-mpi/core/xalloc.o: core/xalloc.c core/error.h core/xalloc.h
core/error.h:
core/xalloc.h:
