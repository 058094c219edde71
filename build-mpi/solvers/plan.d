build-mpi/solvers/plan.o: solvers/plan.c core/xalloc.h solvers/failures.h \
 core/error.h core/job.h core/topo.h core/result.h solvers/route.h \
 solvers/plan.h
core/xalloc.h:
solvers/failures.h:
core/error.h:
core/job.h:
core/topo.h:
core/result.h:
solvers/route.h:
solvers/plan.h:
