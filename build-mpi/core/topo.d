build-mpi/core/topo.o: core/topo.c core/geo.h core/parse.h core/topo.h \
 core/error.h core/xalloc.h
core/geo.h:
core/parse.h:
core/topo.h:
core/error.h:
core/xalloc.h:
