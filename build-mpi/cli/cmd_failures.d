build-mpi/cli/cmd_failures.o: cli/cmd_failures.c cli/cmdutil.h cli/opts.h \
 core/error.h core/job.h core/topo.h cli/commands.h cli/msg.h core/farm.h \
 io/resultjson.h core/stats.h core/result.h solvers/failures.h \
 solvers/route.h
cli/cmdutil.h:
cli/opts.h:
core/error.h:
core/job.h:
core/topo.h:
cli/commands.h:
cli/msg.h:
core/farm.h:
io/resultjson.h:
core/stats.h:
core/result.h:
solvers/failures.h:
solvers/route.h:
