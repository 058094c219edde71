build-mpi/core/result.o: core/result.c core/result.h
core/result.h:
