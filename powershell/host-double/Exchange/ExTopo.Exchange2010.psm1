# ExTopo host double - Exchange 2010 SP3 (being written)
