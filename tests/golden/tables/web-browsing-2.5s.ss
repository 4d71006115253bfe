at 2.5 s

laptop  192.168.1.100
Netid  State  Local Address:Port   Peer Address:Port         Process  IANA range  Timer
tcp    ESTAB  192.168.1.100:52932  203.0.113.10:443 (https)  tab1     dynamic
tcp    ESTAB  192.168.1.100:52938  203.0.113.10:443 (https)  tab2     dynamic

web  203.0.113.10
Netid  State   Local Address:Port        Peer Address:Port    Process  IANA range  Timer
tcp    LISTEN  0.0.0.0:443 (https)       0.0.0.0:*            -        well-known
tcp    ESTAB   203.0.113.10:443 (https)  192.168.1.100:52932  -        well-known
tcp    ESTAB   203.0.113.10:443 (https)  192.168.1.100:52938  -        well-known
