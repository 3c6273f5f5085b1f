/** The SMTP envelope and session facts of one message, as the rest of the mail path sees them. */
export interface Envelope {
  /** ULID of the message: in logs, headers, replies and the database. */
  ref: string;
  /** ULID of the SMTP session that carried it. */
  sessionRef: string;
  mailFrom: string;
  rcptTo: string[];
  remoteAddress: string;
  clientHostname: string;
  heloName: string;
  tls: boolean;
  receivedAt: Date;
}
