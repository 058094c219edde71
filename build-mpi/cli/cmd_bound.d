build-mpi/cli/cmd_bound.o: cli/cmd_bound.c cli/cmdutil.h cli/opts.h \
 core/error.h core/job.h core/topo.h cli/commands.h cli/msg.h \
 io/resultjson.h core/stats.h core/result.h solvers/bound.h
cli/cmdutil.h:
cli/opts.h:
core/error.h:
core/job.h:
core/topo.h:
cli/commands.h:
cli/msg.h:
io/resultjson.h:
core/stats.h:
core/result.h:
solvers/bound.h:
