build-mpi/cli/cmdutil.o: cli/cmdutil.c cli/cmdutil.h cli/opts.h \
 core/error.h core/job.h core/topo.h io/jobfile.h io/topofile.h
cli/cmdutil.h:
cli/opts.h:
core/error.h:
core/job.h:
core/topo.h:
io/jobfile.h:
io/topofile.h:
