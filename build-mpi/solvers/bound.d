build-mpi/solvers/bound.o: solvers/bound.c core/xalloc.h solvers/bound.h \
 core/error.h core/job.h core/topo.h core/result.h
core/xalloc.h:
solvers/bound.h:
core/error.h:
core/job.h:
core/topo.h:
core/result.h:
