build-mpi/io/topofile.o: io/topofile.c io/input.h core/error.h \
 io/readers_internal.h core/topo.h io/topofile.h io/xml_internal.h
io/input.h:
core/error.h:
io/readers_internal.h:
core/topo.h:
io/topofile.h:
io/xml_internal.h:
