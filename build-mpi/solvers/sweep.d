build-mpi/solvers/sweep.o: solvers/sweep.c core/farm.h core/error.h \
 core/xalloc.h solvers/sweep.h core/job.h core/topo.h core/result.h \
 solvers/plan.h solvers/route.h
core/farm.h:
core/error.h:
core/xalloc.h:
solvers/sweep.h:
core/job.h:
core/topo.h:
core/result.h:
solvers/plan.h:
solvers/route.h:
