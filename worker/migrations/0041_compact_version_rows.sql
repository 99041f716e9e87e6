-- A version's rows stored compactly (docs/decisions/0013): `item` keeps the sheet row, the values
-- in the order of the ledger's fields and the extras in their declared order — no key names, and
-- no natural key (it has its own column): `[r, [values…], [extras…]?]` (worker/src/ledger-tables.ts,
-- packRow). A field absent from the record is stored as null, as the record has it. Rows already
-- compact (an array) are left as they are.
-- case: caseNo, receivedOn, channel, reporterName, reporterPhone, address, area, category, summary, firstReceiver, assignee, dispatchedOn, handler, plan, status, repliedOn, resolvedOn, result, signedOff, revisitOn, satisfaction, remarks; extras assigneeUnit, level, replyDue, resolutionDue, reopenDue, dispatchReplyDue, dispatchResolutionDue, extensionAsked, extensionReason, extensionDays
UPDATE version_rows SET item = CASE WHEN item -> '$.x' IS NULL THEN json_array(item -> '$.r', json_array(
      item -> '$.d.caseNo', item -> '$.d.receivedOn', item -> '$.d.channel',
      item -> '$.d.reporterName', item -> '$.d.reporterPhone', item -> '$.d.address',
      item -> '$.d.area', item -> '$.d.category', item -> '$.d.summary',
      item -> '$.d.firstReceiver', item -> '$.d.assignee', item -> '$.d.dispatchedOn',
      item -> '$.d.handler', item -> '$.d.plan', item -> '$.d.status',
      item -> '$.d.repliedOn', item -> '$.d.resolvedOn', item -> '$.d.result',
      item -> '$.d.signedOff', item -> '$.d.revisitOn', item -> '$.d.satisfaction',
      item -> '$.d.remarks'))
    ELSE json_array(item -> '$.r', json_array(
      item -> '$.d.caseNo', item -> '$.d.receivedOn', item -> '$.d.channel',
      item -> '$.d.reporterName', item -> '$.d.reporterPhone', item -> '$.d.address',
      item -> '$.d.area', item -> '$.d.category', item -> '$.d.summary',
      item -> '$.d.firstReceiver', item -> '$.d.assignee', item -> '$.d.dispatchedOn',
      item -> '$.d.handler', item -> '$.d.plan', item -> '$.d.status',
      item -> '$.d.repliedOn', item -> '$.d.resolvedOn', item -> '$.d.result',
      item -> '$.d.signedOff', item -> '$.d.revisitOn', item -> '$.d.satisfaction',
      item -> '$.d.remarks'), json_array(
      item -> '$.x.assigneeUnit', item -> '$.x.level', item -> '$.x.replyDue',
      item -> '$.x.resolutionDue', item -> '$.x.reopenDue', item -> '$.x.dispatchReplyDue',
      item -> '$.x.dispatchResolutionDue', item -> '$.x.extensionAsked', item -> '$.x.extensionReason',
      item -> '$.x.extensionDays')) END
 WHERE kind = 'case' AND json_type(item) = 'object';

-- household: householdNo, area, address, headName, phone, members, householdType, needs, pairedCadre, pairedSince, lastVisitOn
UPDATE version_rows SET item = json_array(item -> '$.r', json_array(
      item -> '$.d.householdNo', item -> '$.d.area', item -> '$.d.address',
      item -> '$.d.headName', item -> '$.d.phone', item -> '$.d.members',
      item -> '$.d.householdType', item -> '$.d.needs', item -> '$.d.pairedCadre',
      item -> '$.d.pairedSince', item -> '$.d.lastVisitOn'))
 WHERE kind = 'household' AND json_type(item) = 'object';

-- visit: visitOn, cadre, rank, area, target, visitType, content, caseNos, signed
UPDATE version_rows SET item = json_array(item -> '$.r', json_array(
      item -> '$.d.visitOn', item -> '$.d.cadre', item -> '$.d.rank',
      item -> '$.d.area', item -> '$.d.target', item -> '$.d.visitType',
      item -> '$.d.content', item -> '$.d.caseNos', item -> '$.d.signed'))
 WHERE kind = 'visit' AND json_type(item) = 'object';

-- evaluation: period, subjectKind, subject, evaluatorGroup, attendance, spirit, serviceAwareness, problemSolving, overall, veto, vetoReason
UPDATE version_rows SET item = json_array(item -> '$.r', json_array(
      item -> '$.d.period', item -> '$.d.subjectKind', item -> '$.d.subject',
      item -> '$.d.evaluatorGroup', item -> '$.d.attendance', item -> '$.d.spirit',
      item -> '$.d.serviceAwareness', item -> '$.d.problemSolving', item -> '$.d.overall',
      item -> '$.d.veto', item -> '$.d.vetoReason'))
 WHERE kind = 'evaluation' AND json_type(item) = 'object';

-- cadre: cadreNo, name, unit, post, rank, contactArea
UPDATE version_rows SET item = json_array(item -> '$.r', json_array(
      item -> '$.d.cadreNo', item -> '$.d.name', item -> '$.d.unit',
      item -> '$.d.post', item -> '$.d.rank', item -> '$.d.contactArea'))
 WHERE kind = 'cadre' AND json_type(item) = 'object';

