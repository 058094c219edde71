build-mpi/cli/msg.o: cli/msg.c cli/msg.h core/error.h core/farm.h \
 io/outfile.h
cli/msg.h:
core/error.h:
core/farm.h:
io/outfile.h:
