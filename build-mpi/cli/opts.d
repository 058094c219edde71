build-mpi/cli/opts.o: cli/opts.c cli/opts.h core/error.h core/job.h \
 core/topo.h core/parse.h core/xalloc.h
cli/opts.h:
core/error.h:
core/job.h:
core/topo.h:
core/parse.h:
core/xalloc.h:
