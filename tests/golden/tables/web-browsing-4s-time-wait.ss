at 4 s

laptop  192.168.1.100
Netid  Local Address:Port   Peer Address:Port         Process  IANA range  Timer
tcp    192.168.1.100:52932  203.0.113.10:443 (https)  -        dynamic     timewait,59.488s
tcp    192.168.1.100:52938  203.0.113.10:443 (https)  -        dynamic     timewait,59.488s

web  203.0.113.10
  (no socket matches the filter)
