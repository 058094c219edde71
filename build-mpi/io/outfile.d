build-mpi/io/outfile.o: io/outfile.c core/xalloc.h io/outfile.h \
 core/error.h
core/xalloc.h:
io/outfile.h:
core/error.h:
