build-mpi/io/simgridout.o: io/simgridout.c core/xalloc.h io/simgridout.h \
 core/topo.h core/error.h io/resultread.h io/xml_internal.h io/input.h
core/xalloc.h:
io/simgridout.h:
core/topo.h:
core/error.h:
io/resultread.h:
io/xml_internal.h:
io/input.h:
