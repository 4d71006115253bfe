at 3 s

resolver  10.0.0.53
Netid  State   Local Address:Port     Peer Address:Port  Process      IANA range  Timer
udp    UNCONN  0.0.0.0:53 (domain)    0.0.0.0:*          respond 120  well-known
tcp    LISTEN  0.0.0.0:53 (domain)    0.0.0.0:*          respond 120  well-known
tcp    ESTAB   10.0.0.53:53 (domain)  10.0.0.7:34934     respond 120  well-known

client  10.0.0.7
Netid  State   Local Address:Port  Peer Address:Port      Process  IANA range  Timer
udp    UNCONN  0.0.0.0:39262       0.0.0.0:*              -        registered
tcp    ESTAB   10.0.0.7:34934      10.0.0.53:53 (domain)  zone     registered
