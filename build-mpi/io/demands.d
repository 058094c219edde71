build-mpi/io/demands.o: io/demands.c core/parse.h core/xalloc.h \
 io/demands.h core/error.h core/topo.h io/input.h
core/parse.h:
core/xalloc.h:
io/demands.h:
core/error.h:
core/topo.h:
io/input.h:
