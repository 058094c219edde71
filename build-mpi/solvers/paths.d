build-mpi/solvers/paths.o: solvers/paths.c core/xalloc.h solvers/paths.h \
 core/error.h core/job.h core/topo.h
core/xalloc.h:
solvers/paths.h:
core/error.h:
core/job.h:
core/topo.h:
