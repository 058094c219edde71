build-mpi/io/xml.o: io/xml.c core/xalloc.h io/xml_internal.h core/error.h \
 io/input.h
core/xalloc.h:
io/xml_internal.h:
core/error.h:
io/input.h:
