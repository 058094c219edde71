build-mpi/cli/cmd_export.o: cli/cmd_export.c cli/cmdutil.h cli/opts.h \
 core/error.h core/job.h core/topo.h cli/commands.h cli/msg.h \
 core/xalloc.h io/dotout.h io/resultread.h io/graphmlout.h \
 io/simgridout.h solvers/paths.h
cli/cmdutil.h:
cli/opts.h:
core/error.h:
core/job.h:
core/topo.h:
cli/commands.h:
cli/msg.h:
core/xalloc.h:
io/dotout.h:
io/resultread.h:
io/graphmlout.h:
io/simgridout.h:
solvers/paths.h:
