build-mpi/io/graphmlout.o: io/graphmlout.c core/xalloc.h io/graphmlout.h \
 core/topo.h core/error.h io/xml_internal.h io/input.h
core/xalloc.h:
io/graphmlout.h:
core/topo.h:
core/error.h:
io/xml_internal.h:
io/input.h:
