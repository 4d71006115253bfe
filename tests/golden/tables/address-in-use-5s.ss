at 5 s

server  10.0.0.2
Netid  State      Local Address:Port     Peer Address:Port  Process  IANA range  Timer
tcp    LISTEN     0.0.0.0:7070 (arcp)    0.0.0.0:*          -        registered
tcp    LISTEN     0.0.0.0:7070 (arcp)    0.0.0.0:*          -        registered
tcp    LISTEN     0.0.0.0:9090 (websm)   0.0.0.0:*          new      registered
tcp    TIME-WAIT  10.0.0.2:9090 (websm)  10.0.0.1:34656     -        registered  timewait,58.488s

client  10.0.0.1
  (no sockets)
