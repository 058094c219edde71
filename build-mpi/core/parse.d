build-mpi/core/parse.o: core/parse.c core/parse.h core/xalloc.h
core/parse.h:
core/xalloc.h:
