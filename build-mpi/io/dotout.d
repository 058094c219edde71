build-mpi/io/dotout.o: io/dotout.c core/xalloc.h io/dotout.h core/topo.h \
 core/error.h io/resultread.h
core/xalloc.h:
io/dotout.h:
core/topo.h:
core/error.h:
io/resultread.h:
