#include "core/labels/terminology.h"

namespace sagitta::core {

const std::vector<TerminologyEntry> &builtinTerminology()
{
    static const Code altered{"SCT", "49755003", "Morphologically Altered Structure"};
    static const Code anatomy{"SCT", "123037004", "Anatomical Structure"};
    static const Code tissue{"SCT", "85756007", "Tissue"};
    static const std::vector<TerminologyEntry> entries{
        {altered, {"SCT", "52988006", "Lesion"}, 0xe6194b},
        {altered, {"SCT", "4147007", "Mass"}, 0xf58231},
        {altered, {"SCT", "27925004", "Nodule"}, 0xffe119},
        {altered, {"SCT", "367643001", "Cyst"}, 0x46f0f0},
        {altered, {"SCT", "108369006", "Neoplasm"}, 0xf032e6},
        {altered, {"SCT", "79654002", "Edema"}, 0xfabebe},
        {altered, {"SCT", "50960005", "Hemorrhage"}, 0x911eb4},
        {altered, {"SCT", "6574001", "Necrosis"}, 0x808000},
        {altered, {"SCT", "36222008", "Calcification"}, 0xfffac8},
        {anatomy, {"SCT", "59441001", "Lymph node"}, 0x3cb44b},
        {anatomy, {"SCT", "10200004", "Liver"}, 0xaa6e28},
        {anatomy, {"SCT", "39607008", "Lung"}, 0x4363d8},
        {anatomy, {"SCT", "64033007", "Kidney"}, 0xbcf60c},
        {anatomy, {"SCT", "78961009", "Spleen"}, 0x9a6324},
        {anatomy, {"SCT", "80891009", "Heart"}, 0xe6194b},
        {anatomy, {"SCT", "15825003", "Aorta"}, 0xf58231},
        {anatomy, {"SCT", "12738006", "Brain"}, 0xfabebe},
        {anatomy, {"SCT", "272673000", "Bone"}, 0xfffac8},
        {anatomy, {"SCT", "421060004", "Vertebral column"}, 0xffd8b1},
        {tissue, {"SCT", "55603005", "Adipose tissue"}, 0xffe119},
        {tissue, {"SCT", "71616004", "Muscle"}, 0xaaffc3},
    };
    return entries;
}

std::string codeText(const Code &code)
{
    return code.meaning;
}

std::string encodeCode(const Code &code)
{
    return code.empty() ? std::string() : code.scheme + "|" + code.value + "|" + code.meaning;
}

Code decodeCode(const std::string &text)
{
    Code c;
    const std::size_t a = text.find('|');
    const std::size_t b = a == std::string::npos ? std::string::npos : text.find('|', a + 1);
    if (b == std::string::npos)
        return c;
    c.scheme = text.substr(0, a);
    c.value = text.substr(a + 1, b - a - 1);
    c.meaning = text.substr(b + 1);
    return c;
}

} // namespace sagitta::core
