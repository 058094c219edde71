build-mpi/cli/main.o: cli/main.c cli/cmdutil.h cli/opts.h core/error.h \
 core/job.h core/topo.h cli/commands.h cli/msg.h core/farm.h io/outfile.h
cli/cmdutil.h:
cli/opts.h:
core/error.h:
core/job.h:
core/topo.h:
cli/commands.h:
cli/msg.h:
core/farm.h:
io/outfile.h:
