build-mpi/cli/cmd_sweep.o: cli/cmd_sweep.c cli/cmdutil.h cli/opts.h \
 core/error.h core/job.h core/topo.h cli/commands.h cli/msg.h core/farm.h \
 core/parse.h core/xalloc.h io/resultjson.h core/stats.h core/result.h \
 solvers/bound.h solvers/sweep.h solvers/plan.h solvers/route.h
cli/cmdutil.h:
cli/opts.h:
core/error.h:
core/job.h:
core/topo.h:
cli/commands.h:
cli/msg.h:
core/farm.h:
core/parse.h:
core/xalloc.h:
io/resultjson.h:
core/stats.h:
core/result.h:
solvers/bound.h:
solvers/sweep.h:
solvers/plan.h:
solvers/route.h:
