build-mpi/io/resultread.o: io/resultread.c core/xalloc.h io/input.h \
 core/error.h io/resultread.h core/topo.h
core/xalloc.h:
io/input.h:
core/error.h:
io/resultread.h:
core/topo.h:
