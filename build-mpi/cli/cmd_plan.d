build-mpi/cli/cmd_plan.o: cli/cmd_plan.c cli/cmdutil.h cli/opts.h \
 core/error.h core/job.h core/topo.h cli/commands.h cli/msg.h \
 core/xalloc.h io/graphmlout.h io/resultjson.h core/stats.h core/result.h \
 io/trainer.h solvers/bound.h solvers/plan.h solvers/route.h
cli/cmdutil.h:
cli/opts.h:
core/error.h:
core/job.h:
core/topo.h:
cli/commands.h:
cli/msg.h:
core/xalloc.h:
io/graphmlout.h:
io/resultjson.h:
core/stats.h:
core/result.h:
io/trainer.h:
solvers/bound.h:
solvers/plan.h:
solvers/route.h:
