import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { LogChannel } from './log.channel.js';

describe('LogChannel', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('logs one structured line with the phone and the tracking code masked', async () => {
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    await new LogChannel().deliver({
      key: 'acknowledged-0193a1b2',
      kind: 'petitioner_sms',
      recipient: { phone: '13800001234' },
      template: 'acknowledgement',
      params: { caseNo: '20261125-000001', trackingCode: 'ABCD-EFGH-JKMN' },
      caseId: '0193a1b2-0000-7000-8000-000000000001',
      text: '【12345热线】诉求已受理，编号20261125-000001，查询码ABCD-EFGH-JKMN，凭此码和手机尾号在12345网站查进度',
    });
    expect(log).toHaveBeenCalledTimes(1);
    const line = log.mock.calls[0]![0];
    expect(line).toEqual({
      msg: 'notification',
      key: 'acknowledged-0193a1b2',
      kind: 'petitioner_sms',
      template: 'acknowledgement',
      caseId: '0193a1b2-0000-7000-8000-000000000001',
      recipient: { userId: null, departmentId: null, phone: '138****1234' },
      text: '【12345热线】诉求已受理，编号20261125-000001，查询码ABCD-****-****，凭此码和手机尾号在12345网站查进度',
    });
    expect(JSON.stringify(line)).not.toMatch(/13800001234|EFGH-JKMN/);
  });
});
