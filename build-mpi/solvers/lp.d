build-mpi/solvers/lp.o: solvers/lp.c core/xalloc.h solvers/lp.h \
 core/error.h
core/xalloc.h:
solvers/lp.h:
core/error.h:
