build-mpi/io/jobfile.o: io/jobfile.c core/xalloc.h io/input.h \
 core/error.h io/jobfile.h core/job.h core/topo.h
core/xalloc.h:
io/input.h:
core/error.h:
io/jobfile.h:
core/job.h:
core/topo.h:
