import { cleanup, render, screen } from '@testing-library/preact';
import { encode } from 'uqr';
import { afterEach, describe, expect, it } from 'vitest';
import { groupSecret, TotpQr } from '../../src/features/auth/totp-qr.tsx';
import associated from '../fixtures/cognito/associate-software-token.json';

const secret = associated.SecretCode;
const uri = `otpauth://totp/Thaogo:vanthu.anphu%40haiphong.example?secret=${secret}&issuer=Thaogo`;

describe('the TOTP setup key', () => {
  afterEach(cleanup);

  it('draws the otpauth URI as a labelled QR code, one square per dark module', () => {
    render(<TotpQr uri={uri} secret={secret} />);

    const qr = screen.getByRole('img', {
      name: 'Mã QR để thêm tài khoản Thaogo vào ứng dụng xác thực',
    });
    const { size, data } = encode(uri, { ecc: 'M', border: 2 });
    expect(qr.getAttribute('viewBox')).toBe(`0 0 ${size} ${size}`);
    const runs = [
      ...(qr.querySelector('path')?.getAttribute('d') ?? '').matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g),
    ].map(([, x, y, width]) => ({ x: Number(x), y: Number(y), width: Number(width) }));
    const drawn = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
    for (const { x, y, width } of runs) {
      for (let column = x; column < x + width; column++) (drawn[y] as boolean[])[column] = true;
    }
    expect(drawn).toEqual(data);
    // The top-left finder pattern starts inside the two-module border, seven modules wide.
    expect(runs[0]).toEqual({ x: 2, y: 2, width: 7 });
  });

  it('shows the secret for typing by hand, in groups of four', () => {
    render(<TotpQr uri={uri} secret={secret} />);

    const shown = screen.getByText(groupSecret(secret));
    expect(shown.textContent).toBe(
      'K5JU NF2Z QFDX AYLS PQOH RCBL 2KU4 TP6F SY4Z CRRG T7XM 3A6J QWDA',
    );
  });

  it('groups a secret by four whatever its length or spacing', () => {
    expect(groupSecret('JBSW Y3DP EHPK3PXP==')).toBe('JBSW Y3DP EHPK 3PXP');
    expect(groupSecret('ABCDEF')).toBe('ABCD EF');
  });
});
