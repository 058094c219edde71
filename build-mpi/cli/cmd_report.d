build-mpi/cli/cmd_report.o: cli/cmd_report.c cli/cmdutil.h cli/opts.h \
 core/error.h core/job.h core/topo.h cli/commands.h cli/msg.h io/report.h \
 io/topofile.h
cli/cmdutil.h:
cli/opts.h:
core/error.h:
core/job.h:
core/topo.h:
cli/commands.h:
cli/msg.h:
io/report.h:
io/topofile.h:
