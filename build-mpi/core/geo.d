build-mpi/core/geo.o: core/geo.c core/geo.h
core/geo.h:
