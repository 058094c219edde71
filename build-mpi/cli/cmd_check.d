build-mpi/cli/cmd_check.o: cli/cmd_check.c cli/cmdutil.h cli/opts.h \
 core/error.h core/job.h core/topo.h cli/commands.h cli/msg.h \
 core/stats.h io/resultjson.h core/result.h io/topofile.h
cli/cmdutil.h:
cli/opts.h:
core/error.h:
core/job.h:
core/topo.h:
cli/commands.h:
cli/msg.h:
core/stats.h:
io/resultjson.h:
core/result.h:
io/topofile.h:
