build-mpi/io/graphml.o: io/graphml.c core/xalloc.h io/readers_internal.h \
 core/error.h core/topo.h io/input.h io/xml_internal.h
core/xalloc.h:
io/readers_internal.h:
core/error.h:
core/topo.h:
io/input.h:
io/xml_internal.h:
