build-mpi/solvers/failures.o: solvers/failures.c core/farm.h core/error.h \
 core/xalloc.h solvers/failures.h core/job.h core/topo.h core/result.h \
 solvers/route.h
core/farm.h:
core/error.h:
core/xalloc.h:
solvers/failures.h:
core/job.h:
core/topo.h:
core/result.h:
solvers/route.h:
