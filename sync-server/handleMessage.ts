/**
 * What the relay does with each message of an attached connection (y-protocols + COMMIT_ACK).
 */
import type { ClientMessage } from './messages.ts';
import { encodeCommitAck, encodeSyncStep2 } from './messages.ts';
import type { Connection, MessageHandler } from './connection.ts';
import type { Room } from './Room.ts';
import type { Fanout } from './fanout/Fanout.ts';
import type { WriteQueue } from './writeQueue.ts';

export function createMessageHandler(queue: WriteQueue, fanout: Fanout): MessageHandler {
  return (conn: Connection, room: Room, message: ClientMessage): void => {
    switch (message.kind) {
      case 'sync-step1':
        conn.send(encodeSyncStep2(room.doc, message.stateVector));
        return;
      case 'sync-step2':
      case 'sync-update':
        // An empty update (a client that had nothing new) changes nothing and needs no row.
        if (message.empty) return;
        room.applyUpdate(message.update, conn);
        // The bytes as received, not what the doc emitted: an update still missing a dependency
        // emits nothing yet, and must be stored anyway before we acknowledge it.
        // Other relays hear it once it is committed, with its seq (they do not store it again).
        queue.append(room.name, message.update, (seq) => {
          room.noteStored(seq);
          fanout.publishUpdate(room.name, seq, message.update);
        });
        return;
      case 'awareness':
        room.applyAwareness(message.update, conn);
        return;
      case 'query-awareness':
        conn.send(room.encodeAwarenessStates());
        return;
      case 'auth':
        return;
      case 'commit-ack': {
        // Everything received before this message (on any connection) has been appended above,
        // synchronously, so it is covered by the latest ticket. Nothing else ever means "stored".
        const counter = message.counter;
        void queue.whenCommitted(queue.latestTicket).then(() => conn.send(encodeCommitAck(counter)));
        return;
      }
    }
  };
}
