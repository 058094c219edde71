build-mpi/io/json.o: io/json.c core/xalloc.h io/json_internal.h
core/xalloc.h:
io/json_internal.h:
