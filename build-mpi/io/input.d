build-mpi/io/input.o: io/input.c core/xalloc.h io/input.h core/error.h
core/xalloc.h:
io/input.h:
core/error.h:
