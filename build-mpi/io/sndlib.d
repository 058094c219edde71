build-mpi/io/sndlib.o: io/sndlib.c core/parse.h core/xalloc.h \
 io/readers_internal.h core/error.h core/topo.h io/input.h \
 io/xml_internal.h
core/parse.h:
core/xalloc.h:
io/readers_internal.h:
core/error.h:
core/topo.h:
io/input.h:
io/xml_internal.h:
