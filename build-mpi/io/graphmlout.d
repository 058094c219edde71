build-mpi/io/graphmlout.o: io/graphmlout.c core/xalloc.h io/graphmlout.h \
 core/topo.h core/error.h
core/xalloc.h:
io/graphmlout.h:
core/topo.h:
core/error.h:
