build-mpi/solvers/plan.o: solvers/plan.c solvers/plan.h core/error.h \
 core/job.h core/topo.h core/result.h solvers/route.h
solvers/plan.h:
core/error.h:
core/job.h:
core/topo.h:
core/result.h:
solvers/route.h:
