build-mpi/solvers/route.o: solvers/route.c core/xalloc.h solvers/lp.h \
 core/error.h solvers/plan.h core/job.h core/topo.h core/result.h \
 solvers/route.h
core/xalloc.h:
solvers/lp.h:
core/error.h:
solvers/plan.h:
core/job.h:
core/topo.h:
core/result.h:
solvers/route.h:
