build-mpi/cli/cmd_route.o: cli/cmd_route.c cli/cmdutil.h cli/opts.h \
 core/error.h core/job.h core/topo.h cli/commands.h cli/msg.h \
 core/xalloc.h io/demands.h io/resultjson.h core/stats.h core/result.h \
 io/trainer.h solvers/bound.h solvers/route.h
cli/cmdutil.h:
cli/opts.h:
core/error.h:
core/job.h:
core/topo.h:
cli/commands.h:
cli/msg.h:
core/xalloc.h:
io/demands.h:
io/resultjson.h:
core/stats.h:
core/result.h:
io/trainer.h:
solvers/bound.h:
solvers/route.h:
