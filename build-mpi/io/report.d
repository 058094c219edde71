build-mpi/io/report.o: io/report.c core/xalloc.h io/input.h core/error.h \
 io/report.h core/topo.h
core/xalloc.h:
io/input.h:
core/error.h:
io/report.h:
core/topo.h:
